package io.iotjobs.internal.testkit.http;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Reading enum values of requests, with a message that lists the allowed ones. */
final class Enums {

    private Enums() {}

    /**
     * The constant of that name.
     *
     * @param type the enum
     * @param field the field for the message
     * @param value the name sent
     * @param <E> the enum
     * @return the constant
     * @throws ApiError if no constant has that name
     */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ApiError.invalid(field + ": must be one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + ", got "
                + value);
    }
}
