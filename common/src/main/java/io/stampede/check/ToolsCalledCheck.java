package io.stampede.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tools_called: [lookup_order, cancel_order]} or
 * {@code tools_called: {tools: [...], order: in_order | exact | any}}.
 * {@code any} (the default for the list form): each tool was called, in any order;
 * {@code in_order}: they were called in this relative order, other calls between allowed;
 * {@code exact}: exactly these calls, in this order, nothing else.
 */
public record ToolsCalledCheck(List<String> tools, Order order) implements Check {

    public enum Order { ANY, IN_ORDER, EXACT }

    public static ToolsCalledCheck from(CheckArgument arg) {
        if (arg.value() instanceof Map) {
            Map<String, Object> map = arg.asMap();
            for (String key : map.keySet()) {
                if (!key.equals("tools") && !key.equals("order")) {
                    throw new IllegalArgumentException("unknown key '" + key + "': tools_called takes 'tools' and 'order'");
                }
            }
            if (!map.containsKey("tools")) {
                throw new IllegalArgumentException("missing 'tools': the list of tool names");
            }
            List<String> tools = new CheckArgument(map.get("tools")).asStringList();
            String order = map.containsKey("order") ? new CheckArgument(map.get("order")).asString() : "any";
            return new ToolsCalledCheck(tools, parseOrder(order));
        }
        return new ToolsCalledCheck(arg.asStringList(), Order.ANY);
    }

    private static Order parseOrder(String order) {
        return switch (order) {
            case "any" -> Order.ANY;
            case "in_order" -> Order.IN_ORDER;
            case "exact" -> Order.EXACT;
            default -> throw new IllegalArgumentException("order '" + order + "' is not one of in_order, exact, any");
        };
    }

    @Override
    public String kind() {
        return "tools_called";
    }

    @Override
    public Optional<String> verify(Observation o) {
        List<String> called = names(o);
        boolean held = switch (order) {
            case ANY -> called.containsAll(tools);
            case EXACT -> called.equals(tools);
            case IN_ORDER -> isSubsequence(tools, called);
        };
        return held ? Optional.empty()
                : Optional.of("tools called " + called + ", expected " + tools + " (" + order.name().toLowerCase(Locale.ROOT) + ")");
    }

    private static boolean isSubsequence(List<String> wanted, List<String> seen) {
        int i = 0;
        for (String s : seen) {
            if (i < wanted.size() && wanted.get(i).equals(s)) {
                i++;
            }
        }
        return i == wanted.size();
    }

    static List<String> names(Observation o) {
        List<String> names = new ArrayList<>(o.toolsCalled().size());
        o.toolsCalled().forEach(t -> names.add(t.name()));
        return names;
    }

    @Override
    public String reason(String detail) {
        return "tools called other than " + tools + " (" + order.name().toLowerCase(Locale.ROOT) + ")";
    }
}
