/** @jsxImportSource react */
import { Text } from "@react-email/components";
import { resolveLanguage, type Translator } from "../src/i18n/index.ts";
import { translatorFor } from "../src/i18n/translator.ts";
import { Footer, footerText } from "./_components/Footer.tsx";
import { EmailLayout } from "./_components/Layout.tsx";
import { type DigestPostProps, PostBlock, postBlockText } from "./_components/PostBlock.tsx";
import { plainText } from "./_components/plain-text.ts";
import { cls, colors } from "./_components/theme.ts";

export interface PostEmailProps {
  /** The site's words (its tag is the email's `lang`). */
  t: Translator;
  publication: string;
  subject: string;
  preheader: string;
  /** The post: headline, date, lead image, lead, and its sections in full (`prose`) or as key points. */
  post: DigestPostProps;
  homeUrl: string;
  unsubscribeUrl?: string;
  contact: string;
}

/** One post, mailed on its own to the readers who chose each post: the digest's parts, the post's whole text. */
export function PostEmail(props: PostEmailProps) {
  const { t, publication, subject, preheader, post } = props;
  return (
    <EmailLayout lang={t.tag} title={subject} preheader={preheader}>
      <Text className={cls.muted} style={{ fontSize: "14px", lineHeight: "1.5", color: colors.muted, margin: 0 }}>
        {publication}
      </Text>
      <PostBlock t={t} {...post} />
      <Footer
        t={t}
        publication={publication}
        homeUrl={props.homeUrl}
        webViewUrl={post.url}
        unsubscribeUrl={props.unsubscribeUrl}
        contact={props.contact}
      />
    </EmailLayout>
  );
}

/** The plain-text part: what the HTML says, block for block. */
export function postEmailText(props: PostEmailProps): string {
  return plainText([
    props.publication,
    ...postBlockText(props.t, props.post),
    ...footerText({ ...props, webViewUrl: props.post.url }),
  ]);
}

const previewText = translatorFor(resolveLanguage("vi", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh");
const previewDay = Date.UTC(2021, 6, 13, 1, 5);

PostEmail.PreviewProps = {
  t: previewText,
  publication: "Bản tin Dân vận",
  subject: "Sơ kết công tác dân vận 6 tháng đầu năm",
  preheader: "Ban Dân vận Trung ương tổ chức hội nghị trực tuyến toàn quốc sơ kết công tác 6 tháng đầu năm.",
  homeUrl: "http://127.0.0.1:8787/",
  unsubscribeUrl: "http://127.0.0.1:8787/unsubscribe?token=preview",
  contact: "bantin@localhost",
  post: {
    title: "Sơ kết công tác dân vận 6 tháng đầu năm",
    url: "http://127.0.0.1:8787/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam",
    date: previewText.date(previewDay),
    lead: [
      "– Sáng nay (13/7), Ban Dân vận Trung ương tổ chức hội nghị trực tuyến toàn quốc sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021.",
    ],
    sections: [
      {
        heading: "Kết quả 6 tháng đầu năm 2021",
        points: [
          "Công tác dân vận của hệ thống chính trị có nhiều chuyển biến; hệ thống dân vận chủ động tham mưu cấp ủy các cấp lãnh đạo thực hiện hiệu quả công tác dân vận của Đảng.",
        ],
      },
    ],
    prose: true,
  },
} satisfies PostEmailProps;

export default PostEmail;
