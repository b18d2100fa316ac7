package gauntlet.agent.rpc;

import gauntlet.agent.ProcessCpuMeter;
import gauntlet.core.IntervalSnapshot;
import gauntlet.agent.load.LoadListener;
import gauntlet.agent.load.LoadOutcome;
import gauntlet.agent.session.Session;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadStarted;
import gauntlet.v1.LoadSummary;
import io.grpc.stub.ServerCallStreamObserver;

/** Forwards one load run's progress to the controller: started, one report per interval, summary. */
final class LoadStream implements LoadListener {
  private final ServerCallStreamObserver<LoadReport> out;
  private final Session session;
  private final ProcessCpuMeter cpu = new ProcessCpuMeter();
  private boolean done;
  private String transportNote = "";

  LoadStream(ServerCallStreamObserver<LoadReport> out, Session session) {
    this.out = out;
    this.session = session;
  }

  @Override
  public synchronized void transportNote(String note) {
    transportNote = note;
  }

  @Override
  public synchronized void started(long startedUnixNanos, String transport) {
    cpu.percentSinceLast();
    send(LoadReport.newBuilder().setStarted(LoadStarted.newBuilder()
        .setStartedUnixNanos(startedUnixNanos)
        .setTransport(transport)
        .setTransportNote(transportNote)).build());
  }

  @Override
  public synchronized void interval(IntervalSnapshot snapshot) {
    send(LoadReport.newBuilder().setInterval(snapshot.toWire(cpu.percentSinceLast())).build());
  }

  synchronized void finished(LoadOutcome outcome, Throwable failure) {
    if (done) {
      return;
    }
    done = true;
    if (out.isCancelled()) {
      return;
    }
    if (failure != null) {
      out.onError(Statuses.of(failure));
      return;
    }
    out.onNext(LoadReport.newBuilder().setSummary(LoadSummary.newBuilder()
        .setStartedUnixNanos(outcome.startedUnixNanos())
        .setMeasuredStartUnixNanos(outcome.measuredStartUnixNanos())
        .setEndedUnixNanos(outcome.endedUnixNanos())).build());
    out.onCompleted();
  }

  private void send(LoadReport report) {
    if (!done && !out.isCancelled()) {
      // Marked first: once the controller has the report, its next heartbeat must find the mark.
      session.reported();
      out.onNext(report);
    }
  }
}
