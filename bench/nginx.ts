/**
 * nginx as a reference reverse proxy: one worker, keep-alive connections to the upstream, no
 * buffering (so SSE passes through as it comes), access log to a buffered file (Tollgate logs
 * every request too). Skipped when nginx is not installed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const NGINX_INSTALL_HINT =
  "nginx is not installed, so the nginx column is skipped. Install it to compare: " +
  "`sudo apt-get install nginx-light` (Debian/Ubuntu), `sudo dnf install nginx` (Fedora), `brew install nginx` (macOS).";

/** Writes an nginx.conf for a proxy on `port` in front of `upstreamPort`; returns its path. */
export function writeNginxConf(dir: string, port: number, upstreamPort: number): string {
  const conf = `
worker_processes 1;
daemon off;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "nginx-error.log")} warn;
events { worker_connections 4096; }
http {
  access_log ${join(dir, "nginx-access.log")} combined buffer=64k flush=1s;
  client_body_temp_path ${join(dir, "client_body")};
  proxy_temp_path ${join(dir, "proxy")};
  fastcgi_temp_path ${join(dir, "fastcgi")};
  uwsgi_temp_path ${join(dir, "uwsgi")};
  scgi_temp_path ${join(dir, "scgi")};
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  upstream emulator {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://emulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`;
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  return file;
}

/** nginx command-line arguments for a config written by `writeNginxConf`. */
export function nginxArgs(dir: string, conf: string): string[] {
  return ["-p", dir, "-e", join(dir, "nginx-error.log"), "-c", conf];
}
