package io.hellocheck.spark;

import java.io.Serializable;

/**
 * One thing a file's task produces: a connection record's JSON line (UTF-8, without its line end), an error
 * record's JSON line, the partial aggregate of one server over that file, or the file's summary counts. Exactly
 * one field is set.
 */
final class Item implements Serializable {
    private static final long serialVersionUID = 1L;

    final byte[] connection;
    final String error;
    final ServerPartial server;
    final SummaryCounts counts;

    private Item(byte[] connection, String error, ServerPartial server, SummaryCounts counts) {
        this.connection = connection;
        this.error = error;
        this.server = server;
        this.counts = counts;
    }

    static Item connection(byte[] line) {
        return new Item(line, null, null, null);
    }

    static Item error(String line) {
        return new Item(null, line, null, null);
    }

    static Item server(ServerPartial s) {
        return new Item(null, null, s, null);
    }

    static Item counts(SummaryCounts c) {
        return new Item(null, null, null, c);
    }
}
