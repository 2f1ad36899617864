package io.iotjobs.internal.testkit.http;

/**
 * Refuses a change that a browser sends on behalf of another site's page. The API has no authentication, so
 * without this any web page open in the user's browser could create jobs or switch faults on through a form that
 * posts to the loopback port. Browsers name the page's origin in {@code Origin} (and, in newer ones,
 * {@code Sec-Fetch-Site}); requests without them (curl, the AWS CLI and SDKs, the console's own pages) pass.
 */
final class SameOrigin {

    private SameOrigin() {}

    /**
     * Checks a request that changes something.
     *
     * @param call the request
     * @throws ApiError {@code AccessDenied} (403) for a request from another site's page
     */
    static void require(HttpCall call) {
        String site = call.header("Sec-Fetch-Site");
        if (site != null && site.equals("cross-site")) {
            throw new ApiError(ApiError.Type.ACCESS_DENIED, "Sec-Fetch-Site: cross-site requests are refused");
        }
        String origin = call.header("Origin");
        String host = call.header("Host");
        if (origin != null && !origin.equals("http://" + host)) {
            throw new ApiError(
                    ApiError.Type.ACCESS_DENIED,
                    "Origin: requests from pages of " + origin + " are refused; only this server's own pages (http://"
                            + host + ") may change it");
        }
    }
}
