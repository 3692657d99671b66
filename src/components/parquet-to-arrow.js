// Parquet bytes to an Apache Arrow table with hyparquet (pure JavaScript, about 60 KB with its
// zstd decoder) instead of parquet-wasm (5.4 MB of WebAssembly in the published site). The Arrow
// types are the ones parquet-wasm gave, so DuckDB-wasm registers the same column types: DATE as
// Date32, TIMESTAMP as Timestamp in the file's unit, BIGINT as Int64, strings as Utf8.
// The libraries are passed in: pages hand over their `npm:` imports (lazy-database.js), the
// tests the same packages from node_modules, so one conversion is tested and shipped.

/**
 * @param {ArrayBuffer | Uint8Array} bytes a whole Parquet file
 * @param {{hyparquet: any, Arrow: any, decompressZstd: (input: Uint8Array, output?: Uint8Array) => Uint8Array}} libraries
 */
export async function parquetToArrow(bytes, { hyparquet, Arrow, decompressZstd }) {
  const buffer = bytes instanceof ArrayBuffer ? bytes : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = hyparquet.parquetMetadata(buffer);
  const fields = hyparquet.parquetSchema(metadata).children.map(({ element, children }) => {
    if (children.length) throw new Error(`Parquet column "${element.name}" is nested (${children.length} children); only flat columns can be read`);
    const inMillis = element.logical_type?.type === "TIMESTAMP" ? element.logical_type.unit === "MILLIS" : element.converted_type === "TIMESTAMP_MILLIS";
    return { name: element.name, type: arrowType(element, Arrow), scale: inMillis ? 1000n : 1n };
  });
  const chunks = new Map(fields.map(({ name }) => [name, []]));
  await hyparquet.parquetRead({
    file: buffer,
    metadata,
    compressors: { ZSTD: (input, length) => decompressZstd(input, new Uint8Array(length)) },
    // Raw numbers: the Arrow vectors below hold epoch days / epoch units, not Date objects.
    parsers: {
      timestampFromMilliseconds: (value) => value,
      timestampFromMicroseconds: (value) => value,
      timestampFromNanoseconds: (value) => value,
      dateFromDays: (days) => days,
      stringFromBytes: (bytes) => bytes, // copied into the Arrow buffer as they are, never decoded
    },
    onChunk: ({ columnName, columnData, rowStart }) => chunks.get(columnName).push({ rowStart, columnData }),
  });
  const columns = {};
  for (const { name, type, scale } of fields) {
    const parts = chunks.get(name).sort((a, b) => a.rowStart - b.rowStart);
    const data = parts.length ? parts.map(({ columnData }) => arrowData(columnData, type, scale, Arrow)) : [arrowData([], type, scale, Arrow)];
    columns[name] = Arrow.makeVector(data);
  }
  return new Arrow.Table(columns);
}

/** The Arrow type parquet-wasm (arrow-rs) gives a flat Parquet column. */
function arrowType(element, Arrow) {
  const { type, converted_type: converted, logical_type: logical } = element;
  const unsupported = () => new Error(`Parquet column "${element.name}" has type ${type}${converted ? ` (${converted})` : ""}, which the site's reader does not handle`);
  switch (type) {
    case "BOOLEAN":
      return new Arrow.Bool();
    case "INT32":
      if (converted === "DATE" || logical?.type === "DATE") return new Arrow.DateDay();
      if (converted === "INT_8") return new Arrow.Int8();
      if (converted === "INT_16") return new Arrow.Int16();
      if (converted === "UINT_8") return new Arrow.Uint8();
      if (converted === "UINT_16") return new Arrow.Uint16();
      if (converted === "UINT_32") return new Arrow.Uint32();
      if (converted === "DECIMAL") return new Arrow.Float64();
      if (!converted || converted === "INT_32") return new Arrow.Int32();
      throw unsupported();
    case "INT64": {
      const timestamp = logical?.type === "TIMESTAMP" ? logical : null;
      // Milliseconds widen to microseconds: the marts write whole-millisecond TIMESTAMP columns in
      // Parquet's millisecond unit to save space (export-marts.ts), and DuckDB-wasm should see the
      // TIMESTAMP it would have seen without that.
      if (timestamp?.unit === "NANOS") return new Arrow.Timestamp(Arrow.TimeUnit.NANOSECOND, timestamp.isAdjustedToUTC ? "UTC" : null);
      if (timestamp) return new Arrow.Timestamp(Arrow.TimeUnit.MICROSECOND, timestamp.isAdjustedToUTC ? "UTC" : null);
      if (converted === "TIMESTAMP_MICROS") return new Arrow.Timestamp(Arrow.TimeUnit.MICROSECOND, null);
      if (converted === "TIMESTAMP_MILLIS") return new Arrow.Timestamp(Arrow.TimeUnit.MICROSECOND, null);
      if (converted === "UINT_64") return new Arrow.Uint64();
      if (converted === "DECIMAL") return new Arrow.Float64();
      if (!converted || converted === "INT_64") return new Arrow.Int64();
      throw unsupported();
    }
    case "FLOAT":
      return new Arrow.Float32();
    case "DOUBLE":
      return new Arrow.Float64();
    case "BYTE_ARRAY":
      if (converted === "UTF8" || logical?.type === "STRING") return new Arrow.Utf8();
      throw unsupported();
    default:
      throw unsupported();
  }
}

/** One chunk of decoded values (nulls as null or undefined) as Arrow data of `type`; 64-bit values times `scale`. */
function arrowData(values, type, scale, Arrow) {
  const length = values.length;
  if (type instanceof Arrow.Bool) return Arrow.vectorFromArray(Array.from(values, (v) => v ?? null), type).data[0];
  let nullBitmap;
  let nullCount = 0;
  const setNull = (i) => {
    nullBitmap ??= new Uint8Array((length + 7) >> 3).fill(255);
    nullBitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  };
  if (type instanceof Arrow.Utf8) {
    const valueOffsets = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) valueOffsets[i + 1] = valueOffsets[i] + (values[i]?.length ?? 0);
    const data = new Uint8Array(valueOffsets[length]);
    for (let i = 0; i < length; i++) {
      if (values[i] == null) setNull(i);
      else data.set(values[i], valueOffsets[i]);
    }
    return Arrow.makeData({ type, length, nullCount, nullBitmap, valueOffsets, data });
  }
  const ArrayType = type.ArrayType;
  const isBig = ArrayType === BigInt64Array || ArrayType === BigUint64Array;
  const out = new ArrayType(length);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value == null) setNull(i);
    else out[i] = isBig ? BigInt(value) * scale : Number(value);
  }
  return Arrow.makeData({ type, length, nullCount, nullBitmap, data: out });
}
