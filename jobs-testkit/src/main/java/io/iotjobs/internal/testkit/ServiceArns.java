package io.iotjobs.internal.testkit;

/**
 * The ARNs the service writes into lifecycle events: region and account of the HTTP control API started for it
 * (the first one), {@code us-east-1} and {@code 123456789012} until then.
 */
public final class ServiceArns {

    private volatile String prefix = "arn:aws:iot:us-east-1:123456789012:";
    private volatile boolean set;

    /**
     * Sets the region and account, once.
     *
     * @param region the region
     * @param accountId the account
     */
    public synchronized void use(String region, String accountId) {
        if (!set) {
            prefix = "arn:aws:iot:" + region + ":" + accountId + ":";
            set = true;
        }
    }

    String thing(String name) {
        return prefix + "thing/" + name;
    }

    String group(String name) {
        return prefix + "thinggroup/" + name;
    }
}
