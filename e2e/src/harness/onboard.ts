/** What an onboarded instance hands the tests: the operator token and the IDs setup created. */
export interface Onboarded {
  readonly token: string;
  readonly userID: string;
  readonly userName: string;
  readonly password: string;
  readonly orgID: string;
  readonly orgName: string;
  readonly bucketID: string;
  readonly bucketName: string;
}

interface SetupAnswer {
  user?: { id?: string };
  org?: { id?: string };
  bucket?: { id?: string };
  auth?: { token?: string };
}

/** Runs `POST /api/v2/setup` with plain fetch. Tests that are about setup itself use the official
 * clients; the others only need an operator token to start from. */
export async function onboard(url: string, names: Partial<Pick<Onboarded, "userName" | "password" | "orgName" | "bucketName">> = {}): Promise<Onboarded> {
  const userName = names.userName ?? "e2e-operator";
  const password = names.password ?? "e2e-password-123";
  const orgName = names.orgName ?? "e2e-org";
  const bucketName = names.bucketName ?? "e2e-bucket";
  const response = await fetch(`${url}/api/v2/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: userName, password, org: orgName, bucket: bucketName }),
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST /api/v2/setup answered ${response.status}: ${text}`);
  }
  const answer = JSON.parse(text) as SetupAnswer;
  const token = answer.auth?.token;
  const userID = answer.user?.id;
  const orgID = answer.org?.id;
  const bucketID = answer.bucket?.id;
  if (token === undefined || userID === undefined || orgID === undefined || bucketID === undefined) {
    throw new Error(`POST /api/v2/setup answered without auth.token/user.id/org.id/bucket.id: ${text}`);
  }
  return { token, userID, userName, password, orgID, orgName, bucketID, bucketName };
}
