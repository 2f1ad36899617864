package io.iotjobs.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Writing results as JSON, and the median of several runs. */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {}

    /**
     * Writes a result tree (maps, lists, numbers, strings) as indented JSON, creating the folder.
     *
     * @param file the file
     * @param tree the results
     */
    public static void write(Path file, Object tree) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The median (the mean of the middle two for an even count).
     *
     * @param values at least one value
     * @return the median
     * @throws IllegalArgumentException if there are no values
     */
    public static double median(List<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values: none");
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
