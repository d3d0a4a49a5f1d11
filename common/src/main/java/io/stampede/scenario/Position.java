package io.stampede.scenario;

/** A place in the scenario text, 1-based, so errors and reports can point at it. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
