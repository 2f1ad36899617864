package io.iotjobs.agent;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The job documents of the AWS managed job templates, as AWS documents them
 * (https://docs.aws.amazon.com/iot/latest/developerguide/job-templates-managed.html), and the server-side
 * substitution of their {@code ${aws:iot:parameter:<name>}} placeholders that AWS does before a device sees
 * the document (an optional parameter left out becomes an empty string).
 */
final class ManagedTemplates {

    private ManagedTemplates() {}

    /** A runHandler template: one step running the handler with the parameters as arguments. */
    private static String runHandler(String step, String handler, List<String> parameters) {
        String args = parameters.isEmpty()
                ? ""
                : ",'args':["
                        + parameters.stream()
                                .map(p -> "'${aws:iot:parameter:" + p + "}'")
                                .collect(Collectors.joining(","))
                        + "]";
        return "{'version':'1.0','steps':[{'action':{'name':'" + step + "','type':'runHandler','input':{'handler':'"
                + handler + "'" + args + ",'path':'${aws:iot:parameter:pathToHandler}'},"
                + "'runAsUser':'${aws:iot:parameter:runAsUser}'}}]}";
    }

    /** Every template by name, before substitution ({@code '} stands for {@code "}). */
    static final Map<String, String> DOCUMENTS = Map.of(
            "AWS-Reboot", runHandler("Reboot", "reboot.sh", List.of()),
            "AWS-Download-File", runHandler("Download-File", "download-file.sh", List.of("downloadUrl", "filePath")),
            "AWS-Install-Application", runHandler("Install-Application", "install-packages.sh", List.of("packages")),
            "AWS-Remove-Application", runHandler("Remove-Application", "remove-packages.sh", List.of("packages")),
            "AWS-Start-Application", runHandler("Start-Application", "start-services.sh", List.of("services")),
            "AWS-Stop-Application", runHandler("Stop-Application", "stop-services.sh", List.of("services")),
            "AWS-Restart-Application", runHandler("Restart-Application", "restart-services.sh", List.of("services")),
            "AWS-Run-Command",
                    "{'version':'1.0','steps':[{'action':{'name':'Run-Command','type':'runCommand',"
                            + "'input':{'command':'${aws:iot:parameter:command}'},'runAsUser':'${aws:iot:parameter:runAsUser}'}}]}");

    /**
     * A template's document as the device receives it.
     *
     * @param template the template's name
     * @param parameters the job's document parameters; {@code runAsUser} and {@code pathToHandler} are optional
     * @return the document ({@code '} standing for {@code "})
     */
    static String document(String template, Map<String, String> parameters) {
        String document = DOCUMENTS.get(template);
        for (String optional : List.of("runAsUser", "pathToHandler")) {
            document = document.replace("${aws:iot:parameter:" + optional + "}", parameters.getOrDefault(optional, ""));
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            document = document.replace("${aws:iot:parameter:" + parameter.getKey() + "}", parameter.getValue());
        }
        if (document.contains("${aws:iot:parameter:")) {
            throw new IllegalArgumentException(template + ": a required parameter is missing: " + document);
        }
        return document;
    }
}
