package io.mtacorrelator.cli;

import picocli.CommandLine;

/** Version from the jar manifest (or "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        final String v = MtaCorrelatorCli.class.getPackage().getImplementationVersion();
        return new String[] {"mta-correlator " + (v == null ? "dev" : v)};
    }
}
