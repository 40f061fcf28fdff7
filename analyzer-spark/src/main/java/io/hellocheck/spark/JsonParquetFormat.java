package io.hellocheck.spark;

import org.apache.hadoop.mapreduce.Job;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet data source for a DataFrame of JSON records (one string column, a JSON object per row),
 * writing each record as a row of the schema given by the option {@value #SCHEMA} (a {@link StructType}'s JSON):
 * {@code frame.write().format(JsonParquetFormat.class.getName()).option(JsonParquetFormat.SCHEMA, schema.json())}.
 * The files are those Spark writes for the DataFrame that its JSON reader gives with that schema (same Parquet
 * schema, values and metadata; read back with {@code spark.read().parquet}), and Spark's commit protocol writes
 * them; the records go from the JSON bytes to Parquet directly ({@link JsonWriteSupport}), without the rows of
 * that DataFrame. Spark's Parquet options apply (compression, dictionary, page sizes; not
 * {@code parquet.validation}, which wants the fields in the schema's order, not the JSON keys' order). As with
 * Spark's JSON reader (unless {@code spark.sql.legacy.respectNullabilityInTextDatasetConversion} is set), every
 * field of the schema is written as nullable, whatever the schema says. "The same
 * files" holds for records whose values have the schema's types, as the core's writer gives them; for other JSON
 * the differences are {@link JsonToParquet}'s. Extends Spark's internal {@code ParquetFileFormat} and
 * {@code ParquetWriteSupport} and calls its internal {@code StructType.asNullable}: written against Spark 4.2, to be
 * checked again with another Spark version.
 */
public final class JsonParquetFormat extends ParquetFileFormat {
    private static final long serialVersionUID = 1L;

    /** The option naming the schema of the rows written. */
    public static final String SCHEMA = "hellocheck.parquet.schema";

    /**
     * Spark's Parquet writing, set up for the rows' schema, with {@link JsonWriteSupport} writing them. Runs on
     * the driver: a schema this format cannot write fails the job here, before any task.
     *
     * @throws IllegalArgumentException when the DataFrame is not one string column, or the option is missing, not
     *                                  a struct, or holds a type that JSON is not written as (binary, decimal,
     *                                  dates, ...)
     * @throws org.apache.spark.sql.AnalysisException (Spark's) when the schema holds a type Parquet has no form of
     *                                  (an interval)
     */
    @Override
    public OutputWriterFactory prepareWrite(SparkSession spark, Job job,
                                            scala.collection.immutable.Map<String, String> options,
                                            StructType dataSchema) {
        if (dataSchema.fields().length != 1 || !dataSchema.fields()[0].dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("JSON records as Parquet want one string column, not "
                    + dataSchema.simpleString());
        }
        scala.Option<String> schema = options.get(SCHEMA);
        if (schema.isEmpty() || !(DataType.fromJson(schema.get()) instanceof StructType given)) {
            throw new IllegalArgumentException("JSON records as Parquet want the option " + SCHEMA
                    + ": a struct's JSON");
        }
        StructType rows = given.asNullable(); // as Spark's JSON reader takes a schema
        OutputWriterFactory factory = super.prepareWrite(spark, job, options, rows);
        ParquetOutputFormat.setWriteSupportClass(job, JsonWriteSupport.class);
        // what each task builds, from the job's configuration as Spark's write support does: a type it does not
        // write fails here, on the driver
        new JsonToParquet(rows, new SparkToParquetSchemaConverter(job.getConfiguration()).convert(rows));
        return factory;
    }

    /** Not Spark's {@code parquet}: this format writes a DataFrame of JSON records only. */
    @Override
    public String shortName() {
        return "hellocheck-json-parquet";
    }

    @Override
    public String toString() {
        return "Parquet of JSON records";
    }

    /** Equal to this format only (Spark's Parquet format is equal to any other instance of its class). */
    @Override
    public boolean equals(Object other) {
        return other instanceof JsonParquetFormat;
    }

    @Override
    public int hashCode() {
        return JsonParquetFormat.class.hashCode();
    }
}
