package io.mtacorrelator.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "EXCH1|EXCH1",
            "exch1|EXCH1",
            "exch1.corp.example|EXCH1",
            "Exch1.Corp.Example.|EXCH1",
            " EXCH1 |EXCH1",
            "EXCH1\t|EXCH1",
            "exch-site2_mta|EXCH-SITE2_MTA"})
    void keysAnMtaByItsUpperCaseShortName(final String host, final String mta) {
        // Given: a host name as Winlogbeat (computer_name, host.name) or Telegraf (tags.host) gives it
        // When / Then: the correlator's MTA key, so EXCH1 and exch1.corp.example meet on one key
        assertThat(Hosts.mtaName(host)).isEqualTo(mta);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.5.51.16", "10.1.2.20", " 192.168.20.3 "})
    void keepsAnIpv4AddressWhole(final String address) {
        // Given: a host known only by address (the binding string of a 9277 carries one)
        // When / Then: not cut at the first dot
        assertThat(Hosts.mtaName(address)).isEqualTo(address.trim());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\r\n"})
    void hasNoNameForAMissingHost(final String host) {
        // Given / When / Then
        assertThat(Hosts.mtaName(host)).isNull();
    }
}
