package io.stampede.template;

/**
 * Where a template finds its values: a dotted name such as {@code user.order_id} or
 * {@code conversation_id} gives a value, or null when it is not set.
 */
@FunctionalInterface
public interface Variables {
    Object lookup(String name);
}
