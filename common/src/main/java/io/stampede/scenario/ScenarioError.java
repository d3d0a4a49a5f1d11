package io.stampede.scenario;

/**
 * One thing wrong with a scenario: where (line:column and a path such as
 * {@code steps[2].expect.intent}) and a plain sentence saying what to do.
 */
public record ScenarioError(int line, int column, String path, String message) {

    public static ScenarioError at(Position position, String path, String message) {
        return new ScenarioError(position.line(), position.column(), path, message);
    }

    /** {@code 12:5 steps[2].expect.intent: ...}, the form the CLI prints. */
    @Override
    public String toString() {
        String where = line > 0 ? line + ":" + column + " " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
