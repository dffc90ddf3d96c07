package io.mtacorrelator.ingest;

import java.util.Locale;
import java.util.regex.Pattern;

/** MTA host names as the correlator keys them: upper case, NetBIOS-style, without the DNS domain. */
public final class Hosts {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final Memo MTA_NAMES = new Memo();
    private static final Memo INSTANCE_NAMES = new Memo();

    private Hosts() {
    }

    /**
     * A perfmon instance of MSExchangeMTA Connections: a remote MTA's host name is keyed like an MTA, but a
     * connector's display name ("X.400 Connector (SITE2)") is kept whole.
     */
    public static String instanceName(final String instance) {
        if (instance == null) {
            return null;
        }
        return INSTANCE_NAMES.get(instance, Hosts::instanceNameOf);
    }

    private static String instanceNameOf(final String instance) {
        if (instance.isBlank()) {
            return null;
        }
        final String trimmed = instance.trim();
        return HOST_NAME.matcher(trimmed).matches() ? mtaName(trimmed) : trimmed;
    }

    /** EXCH1, exch1.corp.example.com and "EXCH1 " all become EXCH1; an IPv4 address is kept whole. */
    public static String mtaName(final String host) {
        if (host == null) {
            return null;
        }
        return MTA_NAMES.get(host, Hosts::mtaNameOf);
    }

    private static String mtaNameOf(final String host) {
        final String trimmed = host.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (IPV4.matcher(trimmed).matches()) {
            return trimmed;
        }
        final int dot = trimmed.indexOf('.');
        final String shortName = dot > 0 ? trimmed.substring(0, dot) : trimmed;
        return shortName.toUpperCase(Locale.ROOT);
    }
}
