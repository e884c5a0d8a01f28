package dev.tracer.bootstrap;

/** An event about a call to a peer over the network. */
public abstract class NetworkEvent extends SpanEvent {
  /** Host name or address of the peer, null when unknown. */
  public String serverAddress;
  /** Port of the peer, -1 when unknown. */
  public int serverPort = -1;

  protected NetworkEvent(String instrumentation) {
    super(instrumentation);
  }
}
