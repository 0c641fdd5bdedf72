/** Progress events from long work to whoever shows them. Depends on nothing. */
package io.pilotlight.progress;
