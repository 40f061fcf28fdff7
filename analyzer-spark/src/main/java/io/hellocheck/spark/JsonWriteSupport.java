package io.hellocheck.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark's Parquet write support for rows of one string column, a JSON record each, written as the rows of the
 * schema that {@link JsonParquetFormat} put in the job's configuration ({@link JsonToParquet}). The file's
 * Parquet schema and its metadata (Spark's version, the Spark schema that Spark reads the file back with) are
 * those Spark's own write support gives for that schema: its {@link #init} is Spark's. Instantiated by
 * parquet-mr, from the configuration's {@code parquet.write.support.class}.
 */
public final class JsonWriteSupport extends ParquetWriteSupport {
    private JsonToParquet records;
    private RecordConsumer consumer;

    @Override
    public WriteContext init(Configuration conf) {
        WriteContext context = super.init(conf);
        StructType schema = (StructType) DataType.fromJson(conf.get(ParquetWriteSupport.SPARK_ROW_SCHEMA()));
        records = new JsonToParquet(schema, context.getSchema());
        return context;
    }

    @Override
    public void prepareForWrite(RecordConsumer consumer) {
        super.prepareForWrite(consumer);
        this.consumer = consumer;
    }

    /**
     * Writes the JSON record in the row's first column (its bytes, not copied).
     *
     * @throws IllegalArgumentException when it is not one JSON object
     */
    @Override
    public void write(InternalRow row) {
        UTF8String json = row.getUTF8String(0);
        if (json.getBaseObject() instanceof byte[] base) {
            records.write(base, (int) (json.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET), json.numBytes(), consumer);
        } else {
            byte[] bytes = json.getBytes();
            records.write(bytes, 0, bytes.length, consumer);
        }
    }
}
