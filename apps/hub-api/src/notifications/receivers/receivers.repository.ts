import { Inject, Injectable } from '@nestjs/common';
import type { NotificationReceiver, Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../../db/prisma.service.js';

export type ReceiverRow = NotificationReceiver;

export interface ReceiverWrite {
  type: string;
  events: string[];
  resources: Prisma.InputJsonValue;
  suspend: boolean;
  gcrAudience: string | null;
  gcrEmail: string | null;
  /** undefined keeps the stored name. */
  secretRefName?: string | null;
  /** undefined keeps the stored token and path. */
  token?: { sealed: string; webhookPath: string };
}

@Injectable()
export class ReceiversRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list(): Promise<ReceiverRow[]> {
    return this.db.notificationReceiver.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string): Promise<ReceiverRow | null> {
    return this.db.notificationReceiver.findUnique({ where: { id } });
  }

  findByPath(webhookPath: string): Promise<ReceiverRow | null> {
    return this.db.notificationReceiver.findUnique({ where: { webhookPath } });
  }

  create(id: string, namespace: string, name: string, w: ReceiverWrite & Required<Pick<ReceiverWrite, 'token'>>): Promise<ReceiverRow> {
    const { token, ...fields } = w;
    return this.db.notificationReceiver.create({
      data: { id, namespace, name, ...fields, tokenSealed: token.sealed, webhookPath: token.webhookPath },
    });
  }

  update(id: string, namespace: string, name: string, w: ReceiverWrite): Promise<ReceiverRow> {
    const { token, ...fields } = w;
    return this.db.notificationReceiver.update({
      where: { id },
      data: {
        namespace,
        name,
        ...fields,
        ...(token ? { tokenSealed: token.sealed, webhookPath: token.webhookPath } : {}),
      },
    });
  }

  async setSuspend(id: string, suspend: boolean): Promise<void> {
    await this.db.notificationReceiver.update({ where: { id }, data: { suspend } });
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.notificationReceiver.deleteMany({ where: { id } });
    return r.count > 0;
  }

  async markReceived(id: string, at: Date): Promise<void> {
    await this.db.notificationReceiver.update({ where: { id }, data: { lastReceivedAt: at } });
  }
}
