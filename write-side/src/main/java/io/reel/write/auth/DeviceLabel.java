package io.reel.write.auth;

import java.util.Locale;

/**
 * A sign-in's device as a viewer recognises it in their list of sessions ("Firefox on Android"),
 * from the User-Agent sent with the sign-in. Only this coarse label is stored, never the header
 * itself: it names a kind of device, not a person, so it needs no sealing.
 */
public final class DeviceLabel {

  /** The label when nothing is known. */
  public static final String UNKNOWN = "Unknown device";

  private DeviceLabel() {}

  public static String of(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return UNKNOWN;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    String app = app(ua);
    String system = system(ua);
    if (app == null && system == null) {
      return UNKNOWN;
    }
    if (app == null) {
      return system;
    }
    return system == null ? app : app + " on " + system;
  }

  /** The client: browsers by their own token, checked before the ones they imitate. */
  private static String app(String ua) {
    if (ua.startsWith("curl/")) {
      return "curl";
    }
    if (ua.contains("edg/") || ua.contains("edga/") || ua.contains("edgios/")) {
      return "Edge";
    }
    if (ua.contains("opr/") || ua.contains("opera")) {
      return "Opera";
    }
    if (ua.contains("samsungbrowser/")) {
      return "Samsung Internet";
    }
    if (ua.contains("firefox/") || ua.contains("fxios/")) {
      return "Firefox";
    }
    if (ua.contains("headlesschrome/")) {
      return "Headless Chrome";
    }
    if (ua.contains("chrome/") || ua.contains("crios/") || ua.contains("chromium/")) {
      return "Chrome";
    }
    if (ua.contains("safari/") && ua.contains("version/")) {
      return "Safari";
    }
    if (ua.startsWith("java-http-client") || ua.startsWith("java/")) {
      return "Java";
    }
    return null;
  }

  /** The operating system or kind of device; TVs first (their agents also name Linux). */
  private static String system(String ua) {
    if (ua.contains("smart-tv") || ua.contains("smarttv") || ua.contains("tizen")) {
      return "Smart TV";
    }
    if (ua.contains("web0s") || ua.contains("webos")) {
      return "LG TV";
    }
    if (ua.contains("crkey")) {
      return "Chromecast";
    }
    if (ua.contains("android")) {
      return "Android";
    }
    if (ua.contains("iphone")) {
      return "iPhone";
    }
    if (ua.contains("ipad")) {
      return "iPad";
    }
    if (ua.contains("windows")) {
      return "Windows";
    }
    if (ua.contains("mac os x") || ua.contains("macintosh")) {
      return "macOS";
    }
    if (ua.contains("cros")) {
      return "ChromeOS";
    }
    if (ua.contains("linux") || ua.contains("x11")) {
      return "Linux";
    }
    return null;
  }
}
