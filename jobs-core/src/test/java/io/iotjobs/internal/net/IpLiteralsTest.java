package io.iotjobs.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "0.0.0.0",
                "10.20.30.255",
                "::",
                "::1",
                "[::1]",
                "[fe80::1]",
                "2001:db8::8a2e:370:7334",
                "::ffff:192.0.2.1"
            })
    void ipLiterals(String host) {
        assertThat(IpLiterals.isIpLiteral(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "a1b2c3-ats.iot.eu-west-1.amazonaws.com",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.256",
                "1.2.3.example",
                "1..2.3",
                "１.2.3.4",
                "[127.0.0.1]",
                "[",
                "[]",
                "fe80::g",
                "::１",
                "host:8883"
            })
    void notIpLiterals(String host) {
        assertThat(IpLiterals.isIpLiteral(host)).isFalse();
    }
}
