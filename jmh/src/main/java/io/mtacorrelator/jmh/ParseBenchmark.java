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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One raw record of each shipper format through the parser (detection, decoding, normalisation), as the parse step
 * of the topology does it. Run with {@code -prof gc} for the bytes allocated per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

    /** Representative records, one per shipper format, in the shapes the parser tests document. */
    static final Map<String, String> RECORDS = Map.of(
            "winlogbeat-8", "{\"@timestamp\":\"1999-03-01T08:31:10.000Z\",\"agent\":{\"type\":\"winlogbeat\",\"version\":\"8.15.0\"},"
                    + "\"event\":{\"code\":\"9316\",\"kind\":\"event\",\"provider\":\"MSExchangeMTA\"},\"host\":{\"name\":\"exch1.corp.example\"},"
                    + "\"message\":\"An RPC communications error occurred. No data was sent over the RPC connection. Locality table (LTAB) "
                    + "index: 53. Windows NT error: 1727. The MTA will attempt to recover the RPC connection. [BASE IL KERNEL 24 512] (12)\","
                    + "\"winlog\":{\"api\":\"eventlogging\",\"channel\":\"Application\",\"computer_name\":\"EXCH1\",\"event_id\":\"9316\","
                    + "\"provider_name\":\"MSExchangeMTA\",\"record_id\":48211,\"task\":\"Interface\"}}",
            "nxlog", "{\"EventTime\":\"1999-03-01 08:33:40\",\"Hostname\":\"EXCH1\",\"EventType\":\"WARNING\",\"SourceName\":\"MSExchangeMTA\","
                    + "\"Channel\":\"Application\",\"EventID\":9277,\"Category\":\"Interface\",\"RecordNumber\":4712,\"Message\":\"The MTA has "
                    + "issued an RPC Cancel call for thread 1, Locality Table Index: 160, Time (ms): 1275740, Cancel result: 0 [SLPS100 "
                    + "MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL] (14)\"}",
            "evtx-xml", "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\"MSExchangeMTA\"/>"
                    + "<EventID Qualifiers=\"49152\">9316</EventID><Level>3</Level><TimeCreated SystemTime=\"1999-03-01T08:31:10.000Z\"/>"
                    + "<EventRecordID>48211</EventRecordID><Channel>Application</Channel><Computer>exch1.corp.example</Computer></System>"
                    + "<EventData><Data>53</Data><Data>1727</Data></EventData><RenderingInfo Culture=\"en-US\"><Message>An RPC "
                    + "communications error occurred. No data was sent over the RPC connection. Locality table (LTAB) index: 53. Windows "
                    + "NT error: 1727. The MTA will attempt to recover the RPC connection. [BASE IL KERNEL 24 512] (12)</Message>"
                    + "<Task>Interface</Task></RenderingInfo></Event>",
            "eventviewer-csv", "3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,An RPC communications error occurred. "
                    + "No data was sent over the RPC connection. Locality table (LTAB) index: 53. Windows NT error: 1727. The MTA will "
                    + "attempt to recover the RPC connection. [BASE IL KERNEL 24 512] (12)",
            "telegraf", "{\"fields\":{\"Queue_Length\":37,\"Associations\":1,\"Current_Outbound_Associations\":1,"
                    + "\"Failed_Outbound_Associations\":0,\"Outbound_Messages_Total\":15230,\"Send_Messages_persec\":0.0},"
                    + "\"name\":\"win_perf_counters\",\"tags\":{\"host\":\"EXCH1\",\"instance\":\"EXCH2\",\"objectname\":"
                    + "\"MSExchangeMTA Connections\"},\"timestamp\":920277060}",
            "metricbeat", "{\"@timestamp\":\"1999-03-01T08:00:00.000Z\",\"agent\":{\"type\":\"metricbeat\",\"version\":\"8.13.4\"},"
                    + "\"event\":{\"dataset\":\"windows.perfmon\",\"module\":\"windows\"},\"host\":{\"name\":\"exch1\"},\"metricset\":"
                    + "{\"name\":\"perfmon\",\"period\":10000},\"windows\":{\"perfmon\":{\"object\":\"MSExchangeMTA Connections\","
                    + "\"instance\":\"EXCH2\",\"metrics\":{\"queue_length\":37,\"associations\":1,\"send_messages_per_sec\":0.5,"
                    + "\"outbound_messages_total\":1204}}}}");

    @Param({"winlogbeat-8", "nxlog", "evtx-xml", "eventviewer-csv", "telegraf", "metricbeat"})
    public String format;

    private RecordParser parser;
    private byte[] record;

    @Setup(Level.Trial)
    public void setUp() {
        parser = new RecordParser();
        record = RECORDS.get(format).getBytes(StandardCharsets.UTF_8);
        final ParseOutcome outcome = parser.parse(record);
        if (!(outcome instanceof ParseOutcome.Event) && !(outcome instanceof ParseOutcome.Sample)) {
            throw new IllegalStateException(format + " record does not parse: " + outcome);
        }
    }

    @Benchmark
    public ParseOutcome parse() {
        return parser.parse(record);
    }
}
