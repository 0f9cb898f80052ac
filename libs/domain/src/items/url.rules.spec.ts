import { canonicaliseUrl } from './url.canonical';
import { UrlRules } from './url.rules';
import { builtInUrlRules } from './url.rules.load';

/** The shipped rules (config/url-rules.yaml), applied as a share applies them: after canonicalisation. */
const rules = builtInUrlRules();
const identify = (url: string) => rules.identify(canonicaliseUrl(url).canonical);

/**
 * One table per shipped platform: every URL shape it lists gives the same content id (positive), and
 * near misses give no content id (negative).
 */
const PLATFORMS: { key: string; id: string; same: string[]; not: string[] }[] = [
  {
    key: 'videoshare',
    id: 'abc123',
    same: [
      'https://videoshare.example/watch?v=abc123',
      'https://www.videoshare.example/watch?v=abc123',
      'http://m.videoshare.example/watch?v=abc123&t=42&utm_source=x',
      'https://mobile.videoshare.example/v/abc123',
      'https://videoshare.example/embed/abc123',
      'https://videoshare.example/shorts/abc123/',
      'https://videoshare.example/live/abc123',
      'https://vs.example/abc123',
    ],
    not: [
      'https://videoshare.example/watch?v=abc123&v=zzz',
      'https://videoshare.example/watch',
      'https://videoshare.example/channel/abc123',
      'https://videoshare.example/abc123',
      'https://vs.example/v/abc/123',
    ],
  },
  {
    key: 'clipcast',
    id: 'a81d2e',
    same: ['https://clipcast.example/c/a81d2e?utm_source=share', 'https://www.clipcast.example/embed/a81d2e'],
    not: ['https://clipcast.example/a81d2e', 'https://clipcast.example/c/'],
  },
  {
    key: 'streamhub',
    id: 'r3-mirror',
    same: [
      'https://streamhub.example/watch/r3-mirror',
      'https://streamhub.example/w/r3-mirror',
      'https://streamhub.example/embed/r3-mirror',
    ],
    not: ['https://streamhub.example/watch?v=r3-mirror', 'https://streamhub.example/r3-mirror'],
  },
  {
    key: 'socialnet',
    id: 'status:1182',
    same: [
      'https://socialnet.example/northvale_municipality/status/1182',
      'https://m.socialnet.example/someone/status/1182/photo/1',
    ],
    not: ['https://socialnet.example/p/1182', 'https://socialnet.example/status/1182'],
  },
  {
    key: 'socialnet',
    id: 'post:5518023',
    same: ['https://socialnet.example/p/5518023', 'https://www.socialnet.example/p/5518023/'],
    not: ['https://socialnet.example/p/abc', 'https://socialnet.example/someone/status/5518023'],
  },
  {
    key: 'chatter',
    id: '77a0c1',
    same: ['https://m.chatter.example/t/77a0c1', 'https://chatter.example/t/77a0c1'],
    not: ['https://chatter.example/u/77a0c1'],
  },
  {
    key: 'youtube',
    id: 'dQw4w9WgXcQ',
    same: [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'http://youtube.com/watch?v=dQw4w9WgXcQ&list=PL1&t=30s',
      'https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ?si=abcdef',
      'https://www.youtube.com/shorts/dQw4w9WgXcQ',
      'https://www.youtube.com/live/dQw4w9WgXcQ?feature=share',
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://www.youtube.com/v/dQw4w9WgXcQ',
      'https://music.youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    not: [
      'https://www.youtube.com/watch?v=short',
      'https://www.youtube.com/@channel',
      'https://www.youtube.com/dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ/extra',
      'https://www.youtube.com/playlist?list=dQw4w9WgXcQ',
    ],
  },
  {
    key: 'facebook',
    id: '10153231379946729',
    same: [
      'https://www.facebook.com/watch/?v=10153231379946729',
      'https://m.facebook.com/watch?v=10153231379946729',
      'https://www.facebook.com/somepage/videos/10153231379946729/',
      'https://www.facebook.com/somepage/videos/vb.123/10153231379946729/',
      'https://web.facebook.com/video.php?v=10153231379946729',
      'https://www.facebook.com/reel/10153231379946729',
      'https://fb.com/videos/10153231379946729',
    ],
    not: [
      'https://www.facebook.com/watch/?v=abc',
      'https://www.facebook.com/somepage',
      'https://fb.watch/aBcD12/',
      'https://www.facebook.com/share/v/1AbCdEf/',
    ],
  },
  {
    key: 'instagram',
    id: 'C1a2B3c4D5e',
    same: [
      'https://www.instagram.com/p/C1a2B3c4D5e/',
      'https://instagram.com/p/C1a2B3c4D5e/?igshid=abc&img_index=1',
      'https://www.instagram.com/reel/C1a2B3c4D5e/',
      'https://www.instagram.com/reels/C1a2B3c4D5e/',
      'https://www.instagram.com/tv/C1a2B3c4D5e',
      'https://www.instagram.com/someone/p/C1a2B3c4D5e/',
      'https://www.instagram.com/someone/reel/C1a2B3c4D5e/',
      'https://instagr.am/p/C1a2B3c4D5e',
    ],
    not: ['https://www.instagram.com/someone/', 'https://www.instagram.com/stories/someone/123/'],
  },
  {
    key: 'tiktok',
    id: '7301234567890123456',
    same: [
      'https://www.tiktok.com/@someone/video/7301234567890123456',
      'https://www.tiktok.com/@someone/video/7301234567890123456?is_from_webapp=1&sender_device=pc',
      'https://m.tiktok.com/v/7301234567890123456.html',
      'https://www.tiktok.com/embed/v2/7301234567890123456',
      'https://www.tiktok.com/embed/7301234567890123456',
      'https://www.tiktok.com/@someone/photo/7301234567890123456',
    ],
    not: [
      'https://vm.tiktok.com/ZMabc123/',
      'https://vt.tiktok.com/ZSabc123/',
      'https://www.tiktok.com/t/ZTabc123/',
      'https://www.tiktok.com/@someone',
      'https://www.tiktok.com/@someone/video/notanid',
    ],
  },
  {
    key: 'x',
    id: '1734567890123456789',
    same: [
      'https://twitter.com/someone/status/1734567890123456789',
      'https://x.com/someone/status/1734567890123456789',
      'https://mobile.twitter.com/other/status/1734567890123456789?s=20',
      'https://x.com/someone/status/1734567890123456789/photo/1',
      'https://twitter.com/someone/statuses/1734567890123456789',
      'https://twitter.com/i/web/status/1734567890123456789',
    ],
    not: [
      'https://x.com/someone',
      'https://x.com/someone/status/abc',
      'https://x.com/someone/likes/1734567890123456789',
    ],
  },
  {
    key: 'vimeo',
    id: '76979871',
    same: [
      'https://vimeo.com/76979871',
      'https://vimeo.com/76979871/abcdef1234',
      'https://player.vimeo.com/video/76979871?h=abc',
      'https://vimeo.com/channels/staffpicks/76979871',
      'https://vimeo.com/groups/shortfilms/videos/76979871',
      'https://vimeo.com/showcase/1234/video/76979871',
    ],
    not: ['https://vimeo.com/someone', 'https://player.vimeo.com/76979871', 'https://vimeo.com/channels/x'],
  },
  {
    key: 'telegram',
    id: 'newschannel/4512',
    same: [
      'https://t.me/newschannel/4512',
      'https://t.me/NewsChannel/4512?single',
      'https://t.me/s/newschannel/4512',
      'https://telegram.me/newschannel/4512',
      'https://telegram.dog/newschannel/4512',
    ],
    not: ['https://t.me/newschannel', 'https://t.me/newschannel/abc', 'https://t.me/newschannel/4513'],
  },
  {
    key: 'reddit',
    id: '18abcde',
    same: [
      'https://www.reddit.com/r/europe/comments/18abcde/some_title_here/',
      'https://old.reddit.com/r/europe/comments/18ABCDE/',
      'https://np.reddit.com/r/europe/comments/18abcde/some_title_here/kxyz123/',
      'https://www.reddit.com/comments/18abcde',
      'https://www.reddit.com/user/someone/comments/18abcde/title/',
      'https://redd.it/18abcde',
    ],
    not: ['https://www.reddit.com/r/europe/', 'https://www.reddit.com/r/europe/s/AbCdEf123'],
  },
  {
    key: 'twitch',
    id: 'video:1987654321',
    same: ['https://www.twitch.tv/videos/1987654321', 'https://m.twitch.tv/videos/1987654321?t=1h2m'],
    not: ['https://www.twitch.tv/somestreamer', 'https://www.twitch.tv/videos/abc'],
  },
  {
    key: 'twitch',
    id: 'clip:AwkwardHelplessSalamanderSwiftRage',
    same: [
      'https://clips.twitch.tv/AwkwardHelplessSalamanderSwiftRage',
      'https://www.twitch.tv/somestreamer/clip/AwkwardHelplessSalamanderSwiftRage?filter=clips',
    ],
    not: ['https://clips.twitch.tv/Awkward/more', 'https://www.twitch.tv/somestreamer/clip/'],
  },
];

describe('shipped URL rules', () => {
  describe.each(PLATFORMS)('$key $id', ({ key, id, same, not }) => {
    it.each(same)('%s is the content id', (url) => {
      expect(identify(url)).toMatchObject({ kind: 'content_id', platformKey: key, contentId: id });
      expect(identify(url).key).toBe(`${key}:${id}`);
    });

    it.each(not)('%s is not', (url) => {
      const identity = identify(url);
      expect(identity.contentId === id && identity.platformKey === key).toBe(false);
    });
  });

  it.each([
    ['https://fb.watch/aBcD12/', 'facebook'],
    ['https://www.facebook.com/share/v/1AbCdEf/', 'facebook'],
    ['https://vm.tiktok.com/ZMabc123/', 'tiktok'],
    ['https://vt.tiktok.com/ZSabc123/', 'tiktok'],
    ['https://www.tiktok.com/t/ZTabc123/', 'tiktok'],
    ['https://t.co/AbCdEf123', 'x'],
    ['https://www.reddit.com/r/europe/s/AbCdEf123', 'reddit'],
  ])('%s needs a request to resolve: its own identity, said so', (url, platformKey) => {
    const identity = identify(url);
    expect(identity).toMatchObject({ kind: 'unresolved_short_link', platformKey });
    expect(identity.contentId).toBeUndefined();
    expect(identify(url.replace('https://', 'http://')).key).toBe(identity.key);
    expect(identify(`${url}x`).key).not.toBe(identity.key);
  });

  it('keeps different content ids and platforms apart', () => {
    expect(identify('https://youtu.be/dQw4w9WgXcQ').key).not.toBe(
      identify('https://youtu.be/dQw4w9WgXcR').key,
    );
    expect(identify('https://x.com/a/status/1').key).not.toBe(identify('https://socialnet.example/p/1').key);
    expect(identify('https://clips.twitch.tv/12345').key).not.toBe(
      identify('https://twitch.tv/videos/12345').key,
    );
    expect(identify('https://vimeo.com/1').key).toBe('vimeo:1');
  });

  it('folds the scheme and www./m./mobile. of any host, and nothing else', () => {
    const key = identify('https://news.example/a/b?x=1').key;
    expect(key).toBe('https://news.example/a/b?x=1');
    for (const form of [
      'http://news.example/a/b?x=1',
      'https://www.news.example/a/b?x=1',
      'https://M.news.example/a/b?x=1#top',
      'http://mobile.news.example:80/a/b?x=1',
    ]) {
      expect(identify(form)).toEqual({ kind: 'url', key });
    }
    expect(identify('https://news.example/a/B?x=1').key).not.toBe(key);
    expect(identify('https://blog.news.example/a/b?x=1').key).not.toBe(key);
    expect(identify('https://news.example:8443/a/b?x=1').key).toBe('https://news.example:8443/a/b?x=1');
    // Never folded down to a bare top-level domain.
    expect(identify('https://www.example/').key).toBe('https://www.example/');
  });

  it('does not take a look-alike host for a platform', () => {
    expect(identify('https://notyoutube.com/watch?v=dQw4w9WgXcQ')).toMatchObject({ kind: 'url' });
    expect(identify('https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ')).toMatchObject({ kind: 'url' });
  });

  it('basic rules fold only the scheme and prefixes', () => {
    expect(UrlRules.basic().identify('http://www.youtube.com/watch?v=dQw4w9WgXcQ')).toEqual({
      kind: 'url',
      key: 'https://youtube.com/watch?v=dQw4w9WgXcQ',
    });
  });
});
