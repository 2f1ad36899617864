package io.iotjobs.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CustomAuthorizerTest {

    @Test
    void usernameCarriesTheAuthorizerAfterTheUsersOwnName() {
        CustomAuthorizer authorizer = CustomAuthorizer.named("MyAuthorizer");
        assertThat(authorizer.username("device-7")).isEqualTo("device-7?x-amz-customauthorizer-name=MyAuthorizer");
        assertThat(authorizer.username(null)).isEqualTo("?x-amz-customauthorizer-name=MyAuthorizer");
    }

    @Test
    void signedTokenAsAwsDocumentsIt() {
        CustomAuthorizer authorizer =
                CustomAuthorizer.named("Auth_1=a,b@c-d").withSignedToken("tokenKey", "tok en", "c2ln/+==");
        assertThat(authorizer.username("user"))
                .isEqualTo("user?x-amz-customauthorizer-name=Auth_1%3Da%2Cb%40c-d"
                        + "&x-amz-customauthorizer-signature=c2ln%2F%2B%3D%3D&tokenKey=tok%20en");
        assertThat(authorizer.headers())
                .containsExactly(
                        java.util.Map.entry("x-amz-customauthorizer-name", "Auth_1=a,b@c-d"),
                        java.util.Map.entry("x-amz-customauthorizer-signature", "c2ln/+=="),
                        java.util.Map.entry("tokenKey", "tok en"));
        assertThat(authorizer.toString()).doesNotContain("tok en", "c2ln");
    }

    @Test
    void refusesNamesAwsDoesNotAllow() {
        assertThatThrownBy(() -> CustomAuthorizer.named("my authorizer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("customAuthorizer.name: \"my authorizer\" is not an AWS IoT authorizer name (1 to 128"
                        + " letters, digits or _ = , @ -)");
        assertThatThrownBy(() -> CustomAuthorizer.named("a&b")).hasMessageStartingWith("customAuthorizer.name:");
        assertThatThrownBy(() -> CustomAuthorizer.named("")).hasMessageStartingWith("customAuthorizer.name:");
        assertThatThrownBy(() -> CustomAuthorizer.named("x".repeat(129)))
                .hasMessageStartingWith("customAuthorizer.name:");
        assertThat(CustomAuthorizer.named("x".repeat(128)).name()).hasSize(128);
    }

    @Test
    void refusesBadTokenParts() {
        CustomAuthorizer authorizer = CustomAuthorizer.named("A");
        assertThatThrownBy(() -> authorizer.withSignedToken("token key", "t", "s"))
                .hasMessage("customAuthorizer.tokenKeyName: \"token key\" is not an AWS IoT token key name (1 to 128"
                        + " letters, digits, _ or -)");
        assertThatThrownBy(() -> authorizer.withSignedToken("x-amz-customauthorizer-name", "t", "s"))
                .hasMessageStartingWith("customAuthorizer.tokenKeyName:");
        assertThatThrownBy(() -> authorizer.withSignedToken("k", "", "s"))
                .hasMessage("customAuthorizer.token: missing");
        assertThatThrownBy(() -> authorizer.withSignedToken("k", "t", null))
                .hasMessage("customAuthorizer.signature: missing");
    }

    @Test
    void refusesAUsernameWithAQuestionMark() {
        assertThatThrownBy(() -> CustomAuthorizer.named("A").username("a?b"))
                .hasMessage("credentials: with a custom authorizer the user name must not contain '?' (AWS IoT reads"
                        + " the authorizer's parameters after it)");
    }
}
