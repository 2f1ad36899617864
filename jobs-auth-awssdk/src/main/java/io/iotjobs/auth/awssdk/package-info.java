/**
 * Adapts AWS SDK for Java 2.x credentials providers to the {@link io.iotjobs.core.auth.CredentialsSource} of MQTT
 * over WebSockets signed with Signature Version 4: {@link io.iotjobs.auth.awssdk.AwsSdkCredentials}.
 */
package io.iotjobs.auth.awssdk;
