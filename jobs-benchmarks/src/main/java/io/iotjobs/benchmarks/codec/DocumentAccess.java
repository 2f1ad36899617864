package io.iotjobs.benchmarks.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.model.JobDocument;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Gives the hand-written baseline the same access to a {@link JobDocument}'s tree that the SDK's codec has
 * through Jackson: adopting a freshly parsed tree without a copy, and reading the tree without a copy. The
 * public API only offers copying ({@link JobDocument#of(JsonNode)}, {@link JobDocument#toJsonNode()}), which
 * would charge the baseline for work the codec does not do.
 */
final class DocumentAccess {

    private static final MethodHandle OF_OWNED;
    private static final MethodHandle TREE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(JobDocument.class, MethodHandles.lookup());
            OF_OWNED = lookup.findStatic(
                    JobDocument.class, "ofOwned", MethodType.methodType(JobDocument.class, JsonNode.class));
            TREE = lookup.findVirtual(JobDocument.class, "tree", MethodType.methodType(JsonNode.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DocumentAccess() {}

    /**
     * Wraps a tree the caller just built and will not touch again.
     *
     * @param tree a JSON object
     * @return the document
     */
    static JobDocument adopt(ObjectNode tree) {
        try {
            return (JobDocument) OF_OWNED.invokeExact((JsonNode) tree);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The document's own tree; the caller must not change it.
     *
     * @param document the document
     * @return its tree
     */
    static JsonNode tree(JobDocument document) {
        try {
            return (JsonNode) TREE.invokeExact(document);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
