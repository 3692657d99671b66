// Types of parquet-to-arrow.js for the tests and benchmarks that import it.
import type * as Arrow from "apache-arrow";
export declare function parquetToArrow(
  bytes: ArrayBuffer | Uint8Array,
  libraries: { hyparquet: typeof import("hyparquet"); Arrow: typeof Arrow; decompressZstd: (input: Uint8Array, output?: Uint8Array) => Uint8Array },
): Promise<Arrow.Table>;
