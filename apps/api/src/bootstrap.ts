import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, DomainError, InputSafetyPipe, toErrorBody } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { defaultWebDir, serveWebApp } from './web';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Builds the API (used by main.ts and by the e2e tests, so both run the same app). */
export async function createApiApp(
  options: { logger?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
    // Errors of Fastify's router (a malformed or too long URL) come before Nest: give them the
    // same error shape and request id as everything else.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body = toErrorBody(
        new DomainError(
          tooLong ? 'URI_TOO_LONG' : 'MALFORMED_REQUEST',
          tooLong ? 'A path segment is too long' : 'The URL is malformed',
        ),
        String(req.id),
      );
      void reply.status(body.statusCode).header('x-request-id', String(req.id)).send(body);
    },
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', req.id);
  });
  app.useGlobalPipes(new InputSafetyPipe(), createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Data Voucher API')
      .setDescription(
        'Korea data voucher program: programs and their rule sets, budget ledger, users. ' +
          'Errors always have the shape {statusCode, code, message, details, requestId}.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const webDir = app.get<AppConfig>(APP_CONFIG).WEB_DIST_DIR ?? defaultWebDir();
  if (!(await serveWebApp(app, webDir))) {
    new NestLogger('WebApp').warn(`web app not built in ${webDir}; npm run build builds it`);
  }
  return app;
}
