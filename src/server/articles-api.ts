/** Operator API for one stored article (bearer token): GET /api/articles/:id with its keys, cluster and revisions. */
import type { FastifyInstance } from 'fastify';
import type { Article } from '../model/article.js';
import type { Revision } from '../store/index.js';
import { requireToken } from './auth.js';
import type { ServerDeps } from './deps.js';

/** Cluster members listed at most (the cluster's `size` still counts them all). */
export const MAX_MEMBERS = 200;

/** One member of a cluster as the API shows it. */
export interface ClusterMemberView {
  id: string;
  sourceId: string;
  siteName: string | null;
  url: string;
  title: string;
  publishedAt: string | null;
}

/** GET /api/articles/:id response. */
export interface ArticleDetail {
  article: Article;
  keys: { guid: string | null; url: string; hash: string };
  cluster: { id: string; size: number; members: ClusterMemberView[] };
  revisions: Revision[];
}

function memberView(a: Article): ClusterMemberView {
  return { id: a.id, sourceId: a.sourceId, siteName: a.siteName ?? null, url: a.url, title: a.title, publishedAt: a.publishedAt ?? null };
}

/** The article with its identity keys, cluster members (the cluster's first article, then first seen first) and previous versions; undefined when unknown. */
export async function articleDetail(deps: Pick<ServerDeps, 'articles'>, id: string): Promise<ArticleDetail | undefined> {
  const article = await deps.articles.get(id);
  if (!article) return undefined;
  const [members, size, revisions] = await Promise.all([
    deps.articles.clusterMembers([article.clusterId], MAX_MEMBERS),
    deps.articles.clusterSize(article.clusterId),
    deps.articles.revisions(id),
  ]);
  const ids = [...(members.get(article.clusterId) ?? [])];
  // Clusters formed before the member index existed: the article and its cluster's first article are still known.
  for (const known of [article.clusterId, article.id]) if (!ids.includes(known)) ids.push(known);
  const read = await deps.articles.getEach(ids);
  const found = read.filter((a): a is Article => a?.clusterId === article.clusterId);
  // The head leads even when a copy that raced it was fetched a moment earlier (it joined after the head committed).
  const isHead = (a: Article): number => (a.id === article.clusterId ? 0 : 1);
  found.sort((a, b) => isHead(a) - isHead(b) || a.fetchedAt.localeCompare(b.fetchedAt) || a.id.localeCompare(b.id));
  return {
    article,
    keys: { guid: article.guid ?? null, url: article.url, hash: article.contentHash },
    cluster: { id: article.clusterId, size: Math.max(size, found.length), members: found.map(memberView) },
    revisions,
  };
}

/** Registers GET /api/articles/:id (the list route lives elsewhere). */
export function registerArticleRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.config.server.adminToken));
    api.get<{ Params: { id: string } }>('/api/articles/:id', async (req, reply) => {
      const detail = await articleDetail(deps, req.params.id);
      if (!detail) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no article "${req.params.id}"` } });
      return detail;
    });
  });
}
