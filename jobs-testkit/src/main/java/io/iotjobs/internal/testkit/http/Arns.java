package io.iotjobs.internal.testkit.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs of the answers ({@code arn:aws:iot:<region>:<account>:<type>/<name>}) and the reading of the ARNs of
 * requests, which may name any region and account.
 */
final class Arns {

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:iot:[^:]*:[^:]*:([a-z]+)/(.+)");

    private final String prefix;

    Arns(String region, String accountId) {
        this.prefix = "arn:aws:iot:" + region + ":" + accountId + ":";
    }

    String job(String jobId) {
        return prefix + "job/" + jobId;
    }

    String thing(String thingName) {
        return prefix + "thing/" + thingName;
    }

    String template(String templateId) {
        return prefix + "jobtemplate/" + templateId;
    }

    String group(String groupName) {
        return prefix + "thinggroup/" + groupName;
    }

    /**
     * The type and name of an AWS IoT ARN.
     *
     * @param arn the ARN
     * @return {@code {type, name}}, or {@code null} if it is not of the form
     *     {@code arn:aws:iot:<region>:<account>:<type>/<name>}
     */
    static String[] parse(String arn) {
        Matcher m = ARN.matcher(arn);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    /**
     * The name in an ARN of the given type.
     *
     * @param field the field for the message
     * @param arn the ARN
     * @param type the resource type, such as {@code thinggroup}
     * @return the name
     * @throws ApiError if it is not such an ARN
     */
    static String name(String field, String arn, String type) {
        String[] parts = parse(arn);
        if (parts == null || !parts[0].equals(type)) {
            throw ApiError.invalid(field + ": not a " + type + " ARN (arn:aws:iot:<region>:<account>:" + type
                    + "/<name>), got " + arn);
        }
        return parts[1];
    }
}
