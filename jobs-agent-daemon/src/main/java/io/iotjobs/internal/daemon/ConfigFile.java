package io.iotjobs.internal.daemon;

import io.iotjobs.model.JobDocument;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the daemon's configuration file into settings named by dotted keys: a JSON object (nested objects
 * give {@code connection.certificate}, arrays give lists) or a properties file ({@code connection.certificate=...},
 * lists separated by commas). JSON is recognised by the {@code .json} suffix or a leading {@code {}.
 */
public final class ConfigFile {

    private ConfigFile() {}

    /**
     * Reads a file.
     *
     * @param file the file
     * @return the settings: strings, and lists of strings for JSON arrays
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and the key when its content is malformed
     */
    public static Map<String, Object> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return isJson(file, text) ? fromJson(text) : fromProperties(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isJson(Path file, String text) {
        return file.getFileName().toString().endsWith(".json")
                || text.stripLeading().startsWith("{");
    }

    static Map<String, Object> fromJson(String text) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", JobDocument.parse(text).asMap(), flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> object, Map<String, Object> flat) {
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map) {
                flatten(key + ".", (Map<String, Object>) value, flat);
            } else if (value instanceof List<?> list) {
                List<String> items = new ArrayList<>();
                for (Object item : list) {
                    if (item instanceof Map || item instanceof List || item == null) {
                        throw new IllegalArgumentException(key + ": a list of plain values is expected");
                    }
                    items.add(String.valueOf(item));
                }
                flat.put(key, items);
            } else if (value != null) {
                flat.put(key, String.valueOf(value));
            }
        }
    }

    static Map<String, Object> fromProperties(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, Object> flat = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            flat.put(
                    key,
                    ListSetting.isList(key)
                            ? Arrays.stream(value.split(","))
                                    .map(String::strip)
                                    .filter(item -> !item.isEmpty())
                                    .toList()
                            : value);
        }
        return flat;
    }

    /** Which settings are lists (written with commas in a properties file). */
    static final class ListSetting {
        private ListSetting() {}

        static boolean isList(String key) {
            return key.equals(DaemonConfig.HANDLER_DIRECTORIES);
        }
    }
}
