/** The play API, the licence server and the streaming edge. */
package io.reel.edge;
