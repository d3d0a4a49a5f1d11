package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;
import io.stampede.template.JsonTemplate;

/**
 * {@code call_tool: { name: lookup_order, args: {...} }}: a direct call of one of the agent's
 * tool endpoints ({@code POST {target.tools_path}/<name>} with the args as JSON body).
 */
public record CallToolStep(
        String name,
        String tool,
        JsonTemplate args,
        List<Check> checks,
        List<Extraction> extractions,
        FailurePolicy onFailure,
        Position position) implements Step {
}
