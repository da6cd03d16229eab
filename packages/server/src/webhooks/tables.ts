export interface WebhooksTable {
  tenant_id: string;
  id: string;
  url: string;
  /** JSON WebhookEventType[] */
  events: string;
  secret_enc: string;
  active: number;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: string;
  webhook_id: string;
  event_id: string;
  type: string;
  attempt: number;
  status: number | null;
  error: string | null;
  created_at: number;
}

export interface WebhookTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
