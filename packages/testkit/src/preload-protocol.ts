/** What the preload (preload.ts) and the kit say to each other over the program's IPC channel. */

export interface ListeningMessage {
  workbook: 'listening';
  port: number;
  host: string;
  /** `http` for a node:http server, `net` for a plain socket server. */
  kind: 'http' | 'net';
}

export interface AliveMessage {
  workbook: 'alive';
}

/** Set by the kit for the one process it starts. */
export const KIT_VARIABLE = 'WORKBOOK_REPORT_TO_KIT';
