/** Where a server under test can be reached. */
export interface Address {
  host: string;
  port: number;
}

/** `127.0.0.1:8080`, or `[::1]:8080` for IPv6, as it goes in a URL. */
export function hostPort({ host, port }: Address): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function baseUrl(address: Address): string {
  return `http://${hostPort(address)}`;
}
