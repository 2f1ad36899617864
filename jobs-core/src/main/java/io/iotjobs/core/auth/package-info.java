/**
 * What a connection authenticates with besides a client certificate: AWS credentials for WebSockets signed with
 * Signature Version 4 ({@link io.iotjobs.core.auth.AwsCredentials}, {@link io.iotjobs.core.auth.CredentialsSource}),
 * and AWS IoT custom authorizers ({@link io.iotjobs.core.auth.CustomAuthorizer}). Pass them to
 * {@link io.iotjobs.core.MqttConnectionBuilder}.
 */
package io.iotjobs.core.auth;
