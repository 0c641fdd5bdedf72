/**
 * Which implementations of the JCA algorithms (AES-GCM, SHA-256, HMAC, SecureRandom) the process uses:
 * {@link io.pilotlight.crypto.CryptoProviders#install} puts a native provider first when it loads and is
 * healthy, else the JDK's stay. Uses nothing else of pilotlight.
 */
package io.pilotlight.crypto;
