/** Request logging without personal data: any 16-digit run (a NIK) in a URL is masked. */
import type { FastifyServerOptions } from 'fastify';
import { maskNik } from '../domain/nik.ts';

export function redactNiks(text: string): string {
  return text.replace(/\d{16}/g, (nik) => maskNik(nik));
}

export function loggerOptions(): FastifyServerOptions['logger'] {
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactNiks(req.url), ip: req.ip }),
    },
  };
}
