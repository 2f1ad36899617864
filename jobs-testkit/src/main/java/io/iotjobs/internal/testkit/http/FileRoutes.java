package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.iotjobs.internal.testkit.FileStore;
import java.util.Map;

/**
 * The local file store over HTTP: {@code PUT /files/<bucket>/<key>} stores the body, {@code DELETE} removes it,
 * {@code GET /files} lists the files, and {@code GET /files/<bucket>/<key>?X-Amz-Expires=..&X-Amz-Signature=..}
 * (the presigned URL a device got) serves it until it expires: 403 {@code AccessDenied} after that or with a
 * signature this service did not make, 404 {@code NoSuchKey} for a missing file. Keys may hold slashes.
 */
final class FileRoutes {

    private final FileStore files;

    FileRoutes(FileStore files) {
        this.files = files;
    }

    boolean handles(HttpCall call) {
        return !call.path.isEmpty() && call.path.get(0).equals("files");
    }

    Router.Answer handle(HttpCall call, HttpExchange exchange) {
        if (call.path.size() == 1 && call.method.equals("GET")) {
            ObjectNode answer = Json.NODES.objectNode();
            files.list().forEach(answer.putArray("files")::add);
            return new Router.Answer("ListFiles", answer);
        }
        if (call.path.size() < 3) {
            throw new ApiError(ApiError.Type.UNKNOWN_OPERATION, "path: files are /files/<bucket>/<key>");
        }
        String bucket = call.path.get(1);
        String key = String.join("/", call.path.subList(2, call.path.size()));
        switch (call.method) {
            case "PUT":
                Fields.checked(() -> {
                    files.put(bucket, key, call.bytes());
                    return null;
                });
                return new Router.Answer("PutFile", null);
            case "DELETE":
                if (!files.delete(bucket, key)) {
                    throw ApiError.notFound("key: no file " + bucket + "/" + key);
                }
                return new Router.Answer("DeleteFile", null);
            case "GET":
                return download(call, exchange, "/files/" + bucket + "/" + key);
            default:
                throw new ApiError(ApiError.Type.UNKNOWN_OPERATION, "path: no operation for " + call);
        }
    }

    private Router.Answer download(HttpCall call, HttpExchange exchange, String path) {
        FileStore.Answer answer = files.fetch(path, call.query("X-Amz-Expires"), call.query("X-Amz-Signature"));
        if (answer instanceof FileStore.Answer.Denied denied) {
            throw new ApiError(ApiError.Type.ACCESS_DENIED, denied.reason());
        }
        if (answer instanceof FileStore.Answer.Missing missing) {
            throw new ApiError(ApiError.Type.NO_SUCH_KEY, "key: no file " + missing.name());
        }
        RawAnswers.send(exchange, "application/octet-stream", ((FileStore.Answer.Found) answer).content(), Map.of());
        return new Router.Answer("GetFile", Router.SENT);
    }
}
