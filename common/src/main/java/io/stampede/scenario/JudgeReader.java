package io.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.stampede.template.Template;

/**
 * Reads the LLM judge: the top-level {@code judge:} (where the judge model is, for every judge
 * check: {@code protocol}, {@code base_url}, {@code model}, {@code headers}, {@code timeout},
 * {@code concurrency}) and each {@code judge:} check ({@code rubric}, {@code pass_if},
 * {@code scale}, {@code of}, and any endpoint key to differ from the top level).
 */
final class JudgeReader {
    static final List<String> TOP_KEYS = concat(EndpointReader.KEYS, List.of("concurrency"));
    static final List<String> CHECK_KEYS = concat(List.of("rubric", "pass_if", "scale", "of"), TOP_KEYS);

    private final NodeReader reader;
    private final TemplateRefs templates;
    private final Set<String> secrets;
    private Target defaults;
    private int concurrency = JudgeCheck.DEFAULT_CONCURRENCY;

    JudgeReader(NodeReader reader, TemplateRefs templates, Set<String> secrets) {
        this.reader = reader;
        this.templates = templates;
        this.secrets = secrets;
    }

    /** The top-level {@code judge:}; read before the steps. */
    void readDefaults(YamlNode node, String path) {
        YamlNode.Mapping map = reader.mapping(node, path, TOP_KEYS, "{ base_url: http://127.0.0.1:8700, model: demo-judge }");
        if (map == null) {
            return;
        }
        defaults = new EndpointReader(reader, templates, secrets).defaults(map, path);
        if (map.has("concurrency")) {
            Integer n = reader.integer(map.get("concurrency"), NodeReader.child(path, "concurrency"), 1, 10_000, "concurrency: 16");
            concurrency = n == null ? concurrency : n;
        }
    }

    /** A {@code judge:} check, or null after an error. */
    JudgeCheck check(YamlNode node, String path) {
        YamlNode.Mapping map = reader.mapping(node, path, CHECK_KEYS,
                "{ rubric: \"Does the reply explain the refund steps?\", pass_if: \">= 4\" }");
        if (map == null) {
            return null;
        }
        YamlNode rubricNode = reader.required(map, path, "rubric", "rubric: \"Does the reply explain the refund steps?\"");
        Template rubric = rubricNode == null ? null : templates.compileRubric(rubricNode, NodeReader.child(path, "rubric"));
        int[] scale = {1, 5};
        if (map.has("scale") && !scale(map.get("scale"), NodeReader.child(path, "scale"), scale)) {
            return null;
        }
        PassIf passIf = new PassIf(">=", Math.ceil((scale[0] + scale[1]) / 2.0 + 0.5));
        if (map.has("pass_if")) {
            String text = reader.text(map.get("pass_if"), NodeReader.child(path, "pass_if"), "\">= 4\"");
            if (text == null) {
                return null;
            }
            try {
                passIf = PassIf.parse(text);
            } catch (IllegalArgumentException e) {
                reader.error(map.get("pass_if"), NodeReader.child(path, "pass_if"), e.getMessage());
                return null;
            }
        }
        boolean ofConversation = false;
        if (map.has("of")) {
            String of = reader.choice(map.get("of"), NodeReader.child(path, "of"),
                    java.util.Map.of("reply", "reply", "conversation", "conversation"));
            if (of == null) {
                return null;
            }
            ofConversation = of.equals("conversation");
        }
        int checkConcurrency = concurrency;
        if (map.has("concurrency")) {
            Integer n = reader.integer(map.get("concurrency"), NodeReader.child(path, "concurrency"), 1, 10_000, "concurrency: 16");
            if (n == null) {
                return null;
            }
            checkConcurrency = n;
        }
        Target endpoint = new EndpointReader(reader, templates, secrets).read(map, path, defaults, "the judge", false);
        if (rubric == null || endpoint == null) {
            return null;
        }
        return new JudgeCheck(rubric, endpoint, passIf, scale[0], scale[1], ofConversation, checkConcurrency);
    }

    /** {@code 1..5}: whole numbers, low below high. */
    private boolean scale(YamlNode node, String path, int[] into) {
        String text = reader.text(node, path, "1..5");
        if (text == null) {
            return false;
        }
        String[] parts = text.split("\\.\\.", -1);
        try {
            if (parts.length == 2) {
                int low = Integer.parseInt(parts[0].trim());
                int high = Integer.parseInt(parts[1].trim());
                if (low < high && high - low <= 100) {
                    into[0] = low;
                    into[1] = high;
                    return true;
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        reader.error(node, path, "'" + text + "' is not a scale: write whole numbers low..high, e.g. 1..5 or 0..10");
        return false;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
