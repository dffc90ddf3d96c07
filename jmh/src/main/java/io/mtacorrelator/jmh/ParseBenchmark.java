package io.mtacorrelator.jmh;

import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One raw record of each shipper format through the parser (detection, decoding, normalisation), as the parse step
 * of the topology does it ({@link RecordParser#parseAll}). Run with {@code -prof gc} for the bytes allocated per record.
 * {@code telegraf-batch} is one Kafka record of {@value #BATCH} metrics: divide its figures by {@value #BATCH} for
 * those of one metric.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

    /** Metrics in the {@code telegraf-batch} record. */
    static final int BATCH = 10;

    static final String MESSAGE_9316 = "An RPC communications error occurred. No data was sent over the RPC connection. "
            + "Locality table (LTAB) index: 53. Windows NT error: 1727. The MTA will attempt to recover the RPC connection. "
            + "[BASE IL KERNEL 24 512] (12)";

    static final String TELEGRAF = "{\"fields\":{\"Queue_Length\":37,\"Associations\":1,\"Current_Outbound_Associations\":1,"
            + "\"Failed_Outbound_Associations\":0,\"Outbound_Messages_Total\":15230,\"Send_Messages_persec\":0.0},"
            + "\"name\":\"win_perf_counters\",\"tags\":{\"host\":\"EXCH1\",\"instance\":\"EXCH2\",\"objectname\":"
            + "\"MSExchangeMTA Connections\"},\"timestamp\":920277060}";

    /** Representative records, one per shipper format, in the shapes the parser tests document. */
    static final Map<String, String> RECORDS = Map.of(
            "winlogbeat-8", "{\"@timestamp\":\"1999-03-01T08:31:10.000Z\",\"agent\":{\"type\":\"winlogbeat\",\"version\":\"8.15.0\"},"
                    + "\"event\":{\"code\":\"9316\",\"kind\":\"event\",\"provider\":\"MSExchangeMTA\"},\"host\":{\"name\":\"exch1.corp.example\"},"
                    + "\"message\":\"" + MESSAGE_9316 + "\","
                    + "\"winlog\":{\"api\":\"eventlogging\",\"channel\":\"Application\",\"computer_name\":\"EXCH1\",\"event_id\":\"9316\","
                    + "\"provider_name\":\"MSExchangeMTA\",\"record_id\":48211,\"task\":\"Interface\"}}",
            // Winlogbeat 6.x on Windows Server 2003: event-log fields at the top level, record_number a string
            "winlogbeat-6", "{\"@timestamp\":\"1999-03-01T08:31:10.000Z\",\"beat\":{\"hostname\":\"EXCH1\",\"name\":\"EXCH1\","
                    + "\"version\":\"6.8.23\"},\"computer_name\":\"exch1.corp.example\",\"event_id\":9316,\"level\":\"Warning\","
                    + "\"log_name\":\"Application\",\"message\":\"" + MESSAGE_9316 + "\",\"record_number\":\"48211\","
                    + "\"source_name\":\"MSExchangeMTA\",\"task\":\"Interface\",\"type\":\"eventlogging\"}",
            "nxlog", "{\"EventTime\":\"1999-03-01 08:33:40\",\"Hostname\":\"EXCH1\",\"EventType\":\"WARNING\",\"SourceName\":\"MSExchangeMTA\","
                    + "\"Channel\":\"Application\",\"EventID\":9277,\"Category\":\"Interface\",\"RecordNumber\":4712,\"Message\":\"The MTA has "
                    + "issued an RPC Cancel call for thread 1, Locality Table Index: 160, Time (ms): 1275740, Cancel result: 0 [SLPS100 "
                    + "MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL] (14)\"}",
            "evtx-xml", "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\"MSExchangeMTA\"/>"
                    + "<EventID Qualifiers=\"49152\">9316</EventID><Level>3</Level><TimeCreated SystemTime=\"1999-03-01T08:31:10.000Z\"/>"
                    + "<EventRecordID>48211</EventRecordID><Channel>Application</Channel><Computer>exch1.corp.example</Computer></System>"
                    + "<EventData><Data>53</Data><Data>1727</Data></EventData><RenderingInfo Culture=\"en-US\"><Message>"
                    + MESSAGE_9316 + "</Message><Task>Interface</Task></RenderingInfo></Event>",
            "eventviewer-csv", "3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1," + MESSAGE_9316,
            // a row of a Vista and later Event Viewer export as the export reader publishes it (Computer from --computer)
            "eventviewer-vista", "{\"Level\":\"Warning\",\"Date and Time\":\"3/1/1999 8:31:10 AM\",\"Source\":\"MSExchangeMTA\","
                    + "\"Event ID\":\"9316\",\"Task Category\":\"Interface\",\"Description\":\"" + MESSAGE_9316 + "\","
                    + "\"Computer\":\"EXCH1\"}",
            "telegraf", TELEGRAF,
            "telegraf-batch", "{\"metrics\":[" + String.join(",", Collections.nCopies(BATCH, TELEGRAF)) + "]}",
            "metricbeat", "{\"@timestamp\":\"1999-03-01T08:00:00.000Z\",\"agent\":{\"type\":\"metricbeat\",\"version\":\"8.13.4\"},"
                    + "\"event\":{\"dataset\":\"windows.perfmon\",\"module\":\"windows\"},\"host\":{\"name\":\"exch1\"},\"metricset\":"
                    + "{\"name\":\"perfmon\",\"period\":10000},\"windows\":{\"perfmon\":{\"object\":\"MSExchangeMTA Connections\","
                    + "\"instance\":\"EXCH2\",\"metrics\":{\"queue_length\":37,\"associations\":1,\"send_messages_per_sec\":0.5,"
                    + "\"outbound_messages_total\":1204}}}}");

    @Param({"winlogbeat-8", "winlogbeat-6", "nxlog", "evtx-xml", "eventviewer-csv", "eventviewer-vista", "telegraf",
            "telegraf-batch", "metricbeat"})
    public String format;

    private RecordParser parser;
    private byte[] record;

    @Setup(Level.Trial)
    public void setUp() {
        parser = new RecordParser();
        record = RECORDS.get(format).getBytes(StandardCharsets.UTF_8);
        final List<RecordParser.Parsed> all = parser.parseAll(record);
        for (final RecordParser.Parsed one : all) {
            if (!(one.outcome() instanceof ParseOutcome.Event) && !(one.outcome() instanceof ParseOutcome.Sample)) {
                throw new IllegalStateException(format + " record does not parse: " + one.outcome());
            }
        }
        if (all.size() != (format.equals("telegraf-batch") ? BATCH : 1)) {
            throw new IllegalStateException(format + " record gives " + all.size() + " outcomes");
        }
    }

    @Benchmark
    public List<RecordParser.Parsed> parse() {
        return parser.parseAll(record);
    }
}
