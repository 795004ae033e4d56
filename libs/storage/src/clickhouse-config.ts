export interface ClickHouseConfig {
  /** A ClickHouse server (http://host:8123). Unset: the embedded chDB engine in `dataDir`. */
  url?: string;
  username?: string;
  password?: string;
  database: string;
  /** chDB data directory; it belongs to one process at a time. */
  dataDir: string;
}
