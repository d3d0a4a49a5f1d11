package io.stampede.check;

/** How checks read and quote the reply text. */
final class Replies {
    private static final int EXCERPT = 80;

    private Replies() {
    }

    /** The mapped reply when the protocol has one, else the raw body. */
    static String textOf(Observation o) {
        if (o.reply() != null) {
            return o.reply();
        }
        return o.body() == null ? "" : o.body();
    }

    /** A short quote for failure reasons; reasons are grouped, so keep them short. */
    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return "\"" + (flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…") + "\"";
    }
}
