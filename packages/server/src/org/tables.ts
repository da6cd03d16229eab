export interface TenantsTable {
  id: string;
  name: string;
  /** The HS256 secret sealed with the master key (see auth/secret-box.ts). */
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_until: number | null;
  /** JSON string[] */
  allowed_origins: string;
  /** JSON TenantPublicKey[] */
  public_keys: string;
  /** JSON TenantSettings */
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  tenant_id: string;
  /** Plaza's internal id; the wire always shows `host_id`. */
  id: string;
  host_id: string;
  name: string;
  kind: string;
  /** JSON string[] */
  roles: string;
  /** JSON string[] */
  dept: string;
  org: string | null;
  email: string | null;
  avatar: string | null;
  active: number;
  /** 1 while the user was only named by others and never connected or synced. */
  placeholder: number;
  created_at: number;
  updated_at: number;
}

export interface OrgTables {
  tenants: TenantsTable;
  users: UsersTable;
}
