package io.stampede.template;

/** A template refers to a name that has no value for this user (e.g. an extraction that found nothing). */
public final class MissingVariableException extends RuntimeException {
    private final String name;

    public MissingVariableException(String name) {
        super("template variable '" + name + "' has no value", null, false, false);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
