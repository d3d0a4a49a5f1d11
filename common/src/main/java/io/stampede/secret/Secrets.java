package io.stampede.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one redactor: the secret values of a run (values taken from the environment, credential
 * headers, api-key-like query parameters) and {@link #mask}, which replaces every occurrence of
 * one of them in a text with {@value #MASK}. It is applied where text is made from what a run
 * saw — step names, metric keys, failure reasons and details, sampled events, run reasons — so
 * nothing downstream (results, feed, API, {@code /metrics}, logs, the CLI) ever holds a secret.
 *
 * <p>A secret is also recognised in the forms a target may send it back in: URL-encoded (as a
 * path or query echoed), JSON-escaped (as a JSON string echoed), and base64 (whole, and as the
 * part of a longer base64 text that encodes it, whatever its alignment), and the start of one
 * where an excerpt was cut ({@value #CUT}). Values shorter than
 * {@value #MIN_LENGTH} characters are not secrets: masking them would garble ordinary text.
 *
 * <p>Immutable and thread-safe; {@link #mask} allocates nothing when no secret occurs, and
 * {@link #NONE} masks nothing at no cost.
 */
public final class Secrets {
    public static final String MASK = "***";
    public static final int MIN_LENGTH = 4;
    /** How an excerpt says it was cut short. */
    public static final String CUT = "…";
    /** A base64 fragment shorter than this could occur by chance in unrelated base64 text. */
    private static final int MIN_BASE64_FRAGMENT = 8;
    public static final Secrets NONE = new Secrets(List.of(), List.of());

    private final List<String> values;
    /** Every form to look for, longest first, so a secret inside a longer one is not half-masked. */
    private final String[] forms;

    private Secrets(List<String> values, List<String> forms) {
        this.values = values;
        this.forms = forms.toArray(String[]::new);
    }

    /** The secrets among {@code values} (those of {@value #MIN_LENGTH} characters or more). */
    public static Secrets of(Collection<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && v.length() >= MIN_LENGTH) {
                kept.add(v);
            }
        }
        if (kept.isEmpty()) {
            return NONE;
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String v : kept) {
            forms.addAll(formsOf(v));
        }
        List<String> ordered = new ArrayList<>(forms);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        List<String> sortedValues = new ArrayList<>(kept);
        sortedValues.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(sortedValues), ordered);
    }

    /** These secrets and {@code more}. */
    public Secrets plus(Collection<String> more) {
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return of(all);
    }

    /** The secret values, longest first. */
    public List<String> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code text} with every occurrence of a secret, in any of its forms, replaced by {@value #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || forms.length == 0 || text.length() < MIN_LENGTH) {
            return text;
        }
        String out = text;
        for (String form : forms) {
            if (out.contains(form)) {
                out = out.replace(form, MASK);
            }
        }
        return out.indexOf(CUT) >= 0 ? maskCutSecrets(out) : out;
    }

    /**
     * An excerpt cut short ({@value #CUT}) may end inside a secret: the start of a secret right
     * before the cut (4 characters or more) is masked too.
     */
    private String maskCutSecrets(String text) {
        StringBuilder out = new StringBuilder(text);
        for (int cut = out.indexOf(CUT); cut >= 0; cut = out.indexOf(CUT, cut + 1)) {
            int longest = 0;
            String now = out.toString();
            for (String form : forms) {
                for (int k = Math.min(form.length() - 1, cut); k >= MIN_LENGTH && k > longest; k--) {
                    if (now.regionMatches(cut - k, form, 0, k)) {
                        longest = k;
                        break;
                    }
                }
            }
            if (longest > 0) {
                out.replace(cut - longest, cut, MASK);
                cut = cut - longest + MASK.length();
            }
        }
        return out.toString();
    }

    /** True when {@code text} holds a secret in one of its forms. */
    public boolean occursIn(String text) {
        if (text == null) {
            return false;
        }
        for (String form : forms) {
            if (text.contains(form)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The forms a secret may take in text made from what a target sent back. Public so a
     * test can search its output for a canary the same way.
     */
    public static List<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        forms.add(jsonEscaped(secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.addAll(base64Fragments(bytes));
        return List.copyOf(forms);
    }

    /**
     * What every base64 text that encodes {@code bytes} somewhere inside it contains: for each
     * of the three alignments the bytes can start at, the characters that depend on these bytes
     * alone.
     */
    private static List<String> base64Fragments(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, padded, shift, bytes.length);
            int from = shift == 0 ? 0 : (shift == 1 ? 2 : 3);        // characters that mix in the bytes before
            int wholeGroups = (shift + bytes.length) / 3;             // characters after these mix in the bytes after
            int to = wholeGroups * 4;
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = encoder.encodeToString(padded);
                if (to - from >= MIN_BASE64_FRAGMENT) {
                    out.add(encoded.substring(from, to));
                }
            }
        }
        return out;
    }

    private static String jsonEscaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return values.size() + " secrets";   // never the values
    }
}
