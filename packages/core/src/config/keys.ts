/**
 * What the keys of a backend section mean, for any backend, bundled or not, by their names:
 * credentials are sent to the server; location keys (a file path, host, port, database, key
 * prefix...) say where the data is; the rest (user, timeouts, pools, TLS, locks, expiry, replicas
 * to wait for) change how the store is reached, not which one it is.
 */
const CREDENTIAL = /pass|secret|token|credential/i;
const NOT_LOCATION = /user|timeout|pool|ssl|tls|lock|ttl|replicas/i;

/** A setting whose value is a secret sent to the server: never shown, never sent where the user did not mean. */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL.test(key);
}

/** A setting that says where a backend's data is (which server, which file, which database). */
export function isLocationKey(key: string): boolean {
  return !CREDENTIAL.test(key) && !NOT_LOCATION.test(key);
}
