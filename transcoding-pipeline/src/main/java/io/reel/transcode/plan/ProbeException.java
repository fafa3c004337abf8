package io.reel.transcode.plan;

/** The source cannot be transcoded; {@link #getMessage()} is a reason fit to show the uploader. */
public class ProbeException extends Exception {

  public ProbeException(String reason) {
    super(reason);
  }

  public ProbeException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
