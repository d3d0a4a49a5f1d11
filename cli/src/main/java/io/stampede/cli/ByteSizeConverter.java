package io.stampede.cli;

import io.stampede.scenario.ByteSizes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A command-line size written as in scenarios ({@link ByteSizes}), or a whole number of bytes. */
final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String text = value.strip();
        Double bytes = text.matches("\\d+") ? Double.valueOf(text) : ByteSizes.parse(text);
        if (bytes == null) {
            throw new TypeConversionException("'" + value + "' is not a size: write e.g. 64MiB (" + ByteSizes.UNITS + ")");
        }
        return Math.round(bytes);
    }
}
