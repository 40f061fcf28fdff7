package io.hellocheck.batch;

/** Archive entry names as display text only: they are never used as file-system paths. */
final class Names {
    private static final int MAX = 400;

    private Names() {
    }

    /**
     * The name with control and format characters (terminal escapes, bidirectional overrides) replaced by
     * {@code ?}, cut to 400 characters.
     */
    static String safe(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX + 3));
        for (int i = 0; i < name.length() && sb.length() < MAX; ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.SURROGATE) {
                sb.append('?');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        if (sb.length() >= MAX && name.length() > MAX) {
            sb.append("...");
        }
        return sb.toString();
    }
}
